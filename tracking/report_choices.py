"""What a person may choose for their report (tracking.report draws it, tracking.forms asks),
apart from the report itself so that the forms need not import it."""

PERIOD_WEEKS = (4, 8, 12, 26, 52)
SINCE_START = "all"
DEFAULT_WEEKS = 12
MAX_NOTES = 3
