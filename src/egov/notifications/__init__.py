"""Notifications to the applicant: e-mail (SMS and Zalo later) sent by the outbox worker, with a
delivery log per dossier."""
