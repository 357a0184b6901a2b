"""The months' English names, for dates written out in words in messages, reports and documents
(never the locale's, so that output is the same on every machine)."""

NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
