"""Cells for CSV downloads that a spreadsheet will not run as formulas."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Text starting with =, +, -, @, tab or carriage return gets a leading '. Numbers stay
    numbers: a vote of -1 is data, and no spreadsheet runs a number."""
    if isinstance(value, int):
        return value
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text
