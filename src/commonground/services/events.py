"""Audit event names for the services directory (one place, so reports can find them)."""

IMPORTED = "services.imported"
SERVICE_CHANGE_PROPOSED = "services.change_proposed"
SERVICE_CHANGE_APPROVED = "services.change_approved"
SERVICE_CHANGE_REJECTED = "services.change_rejected"
SERVICE_ASSURED = "services.assured"
ESOL_FIGURES_PUBLISHED = "services.esol_figures_published"
