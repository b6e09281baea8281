"""A planted corpus for the anonymiser: an invented case with identifiers in every form."""
