"""Responses: the system of record, stored without anything that identifies a respondent."""
