"""Typed ORM models, one module per aggregate; importing this package registers them all."""

from claims.models.audit import AuditEvent
from claims.models.claim import Assessment, Claim, ClaimItem, Evidence
from claims.models.incident import Incident, IncidentService, ServiceWindow
from claims.models.letter import Letter
from claims.models.payout import Payment, PayoutBatch
from claims.models.review import Appeal, Approval, Decision, InfoRequest
from claims.models.steering import DecidedChange, PolicyVersion, ReassessmentRun, WindowVersion
from claims.models.user import ROLES, STAFF_ROLES, LoginSession, User

__all__ = [
    "ROLES",
    "STAFF_ROLES",
    "Appeal",
    "Approval",
    "Assessment",
    "AuditEvent",
    "Claim",
    "ClaimItem",
    "DecidedChange",
    "Decision",
    "Evidence",
    "Incident",
    "IncidentService",
    "InfoRequest",
    "Letter",
    "LoginSession",
    "Payment",
    "PayoutBatch",
    "PolicyVersion",
    "ReassessmentRun",
    "ServiceWindow",
    "User",
    "WindowVersion",
]
