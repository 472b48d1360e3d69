"""The course's writes (keyword-only and atomic, like intake's services)."""
