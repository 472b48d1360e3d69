"""The site's US English date formats (FORMAT_MODULE_PATH): "Dec. 1, 2026" and
"Dec. 1, 2026 at 3:04 PM". Templates use `|date` and `|date:"DATETIME_FORMAT"`, never a
format of their own, so every page writes a date the same way."""

DATE_FORMAT = "N j, Y"
DATETIME_FORMAT = r"N j, Y \a\t g:i A"
