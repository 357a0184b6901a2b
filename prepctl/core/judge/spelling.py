"""Spelling variants that are the same word: an explicit list, never a guess.

British and American spellings of words common in safety frameworks, and frequent misspellings,
each mapped to one canonical form. A word not listed here is compared as written; a variant
missing from the list only costs a needs-review verdict, never a wrong direction.
"""

from __future__ import annotations

# Verbs spelt -ise in British and -ize in American English, with their usual derived forms.
_ISE_STEMS = (
    "author",
    "categor",
    "character",
    "emphas",
    "final",
    "industrial",
    "minim",
    "maxim",
    "mobil",
    "normal",
    "operational",
    "optim",
    "organ",
    "penal",
    "priorit",
    "real",
    "recogn",
    "standard",
    "summar",
    "util",
    "visual",
)
_ISE_ENDINGS = (
    ("ise", "ize"),
    ("ises", "izes"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("isation", "ization"),
    ("isations", "izations"),
)

# Whole words: British or misspelt form, then the canonical form.
_WORDS = (
    ("analyse", "analyze"),
    ("analysed", "analyzed"),
    ("analyses", "analyzes"),
    ("analysing", "analyzing"),
    ("behaviour", "behavior"),
    ("behaviours", "behaviors"),
    ("behavioural", "behavioral"),
    ("catalogue", "catalog"),
    ("catalogues", "catalogs"),
    ("centre", "center"),
    ("centres", "centers"),
    ("defence", "defense"),
    ("defences", "defenses"),
    ("endeavour", "endeavor"),
    ("endeavours", "endeavors"),
    ("favour", "favor"),
    ("favourable", "favorable"),
    ("fulfil", "fulfill"),
    ("fulfils", "fulfills"),
    ("fulfilment", "fulfillment"),
    ("harbour", "harbor"),
    ("judgement", "judgment"),
    ("judgements", "judgments"),
    ("labelled", "labeled"),
    ("labelling", "labeling"),
    ("licence", "license"),
    ("licences", "licenses"),
    ("modelled", "modeled"),
    ("modelling", "modeling"),
    ("cancelled", "canceled"),
    ("cancelling", "canceling"),
    ("signalled", "signaled"),
    ("signalling", "signaling"),
    ("travelled", "traveled"),
    ("programme", "program"),
    ("programmes", "programs"),
    ("enrol", "enroll"),
    ("enrolment", "enrollment"),
    ("honour", "honor"),
    ("colour", "color"),
    ("offence", "offense"),
    ("offences", "offenses"),
    ("practise", "practice"),
    ("practised", "practiced"),
    # Frequent misspellings.
    ("accomodate", "accommodate"),
    ("acheive", "achieve"),
    ("adress", "address"),
    ("begining", "beginning"),
    ("commited", "committed"),
    ("comittee", "committee"),
    ("commitee", "committee"),
    ("definately", "definitely"),
    ("enviroment", "environment"),
    ("existance", "existence"),
    ("goverment", "government"),
    ("independant", "independent"),
    ("occured", "occurred"),
    ("occurence", "occurrence"),
    ("publically", "publicly"),
    ("recieve", "receive"),
    ("recieved", "received"),
    ("responsability", "responsibility"),
    ("seperate", "separate"),
    ("seperately", "separately"),
    ("thier", "their"),
    ("untill", "until"),
    ("wich", "which"),
)

VARIANTS: dict[str, str] = dict(_WORDS)
for _stem in _ISE_STEMS:
    for _british, _american in _ISE_ENDINGS:
        VARIANTS[_stem + _british] = _stem + _american


def canonical(word: str) -> str:
    """The canonical spelling of a lower-case word (the word itself when it is not listed)."""
    return VARIANTS.get(word, word)
