"""Where the medication field's suggestions come from: one function, so that it can switch to
the medication catalogue (the eligibility issue) without touching the form or template."""

# Common antidepressants, generic and US brand names. Any other name is accepted as typed.
_COMMON = (
    "Abilify",
    "amitriptyline",
    "aripiprazole",
    "bupropion",
    "Celexa",
    "citalopram",
    "Cymbalta",
    "desvenlafaxine",
    "duloxetine",
    "Effexor",
    "escitalopram",
    "Fetzima",
    "fluoxetine",
    "fluvoxamine",
    "levomilnacipran",
    "Lexapro",
    "lithium",
    "mirtazapine",
    "Nardil",
    "nortriptyline",
    "Pamelor",
    "paroxetine",
    "Paxil",
    "phenelzine",
    "Pristiq",
    "Prozac",
    "quetiapine",
    "Remeron",
    "Seroquel",
    "sertraline",
    "trazodone",
    "Trintellix",
    "venlafaxine",
    "Viibryd",
    "vilazodone",
    "vortioxetine",
    "Wellbutrin",
    "Zoloft",
)


def medication_suggestions():
    """Names offered while typing (a <datalist>); a suggestion, never a limit."""
    return list(_COMMON)
