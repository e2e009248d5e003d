"""One router per resource; handlers parse parameters and call store/analysis functions."""
