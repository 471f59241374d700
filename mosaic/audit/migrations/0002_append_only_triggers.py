"""On PostgreSQL, the database itself refuses to change or delete audit events.

The application only ever inserts events; these triggers make that true for anyone who can
connect as the application's role too. The head row may only move forward, to an event that
exists with the digest it names. A superuser can still bypass triggers
(``session_replication_role``), which is why the chain is also hash-verified
(``mosaic audit-verify``). SQLite has no equivalent that leaves Django's test flush working, so
these are PostgreSQL only (docs/security.md).
"""

from django.db import migrations

INSTALL = """
CREATE OR REPLACE FUNCTION mosaic_audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = 'audit events are append-only: ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION mosaic_audit_event_append_only();

CREATE OR REPLACE FUNCTION mosaic_audit_head_forward_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'the audit head cannot be deleted'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.seq <= OLD.seq OR NOT EXISTS (
        SELECT 1 FROM audit_auditevent WHERE seq = NEW.seq AND digest = NEW.digest
    ) THEN
        RAISE EXCEPTION 'the audit head only moves forward, to an event that exists'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_head_forward_only
    BEFORE UPDATE OR DELETE ON audit_audithead
    FOR EACH ROW EXECUTE FUNCTION mosaic_audit_head_forward_only();
"""

REMOVE = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_head_forward_only ON audit_audithead;
DROP FUNCTION IF EXISTS mosaic_audit_event_append_only();
DROP FUNCTION IF EXISTS mosaic_audit_head_forward_only();
"""


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(_on_postgres(INSTALL), _on_postgres(REMOVE))]
