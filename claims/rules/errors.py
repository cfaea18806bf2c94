"""Errors raised by the rules engine for files it cannot read (incidents, policies)."""

from __future__ import annotations


class RulesError(Exception):
    """Base of every error the rules engine raises on purpose (never a bug)."""


class DataFileError(RulesError):
    """A data file (or dict) missing or malformed; the message names the file, the key and the problem."""

    def __init__(self, source: str, key: str, problem: str):
        self.source = source
        self.key = key
        self.problem = problem
        super().__init__(f"{source}: {key}: {problem}" if key else f"{source}: {problem}")


class IncidentError(DataFileError):
    """An incident file or dict that cannot be used."""


class PolicyError(DataFileError):
    """A policy file that cannot be used, or a policy id that does not exist."""
