"""The sessions of people signed in when the portal moved to treatment.backends.CourseAwareBackend
name Django's ModelBackend, which settings.AUTHENTICATION_BACKENDS no longer lists; Django would
sign each of them out. This names the new backend in every session still running, so nobody is
signed out by the update. Each session's data is rewritten through the configured session
engine's own encoding; nothing else of it (its expiry, its other keys) changes."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.core import signing
from django.db import migrations
from django.utils import timezone

OLD = "django.contrib.auth.backends.ModelBackend"
NEW = "treatment.backends.CourseAwareBackend"


def rename(old, new):
    def forwards(apps, schema_editor):
        Session = apps.get_model("sessions", "Session")
        engine = import_module(settings.SESSION_ENGINE)
        running = Session.objects.using(schema_editor.connection.alias).filter(
            expire_date__gt=timezone.now()
        )
        for session in running.iterator():
            store = engine.SessionStore(session.session_key)
            try:  # SessionStore.decode() without its warning: such a session is dead anyway
                data = signing.loads(
                    session.session_data, salt=store.key_salt, serializer=store.serializer
                )
            except signing.BadSignature:  # signed with another SECRET_KEY: Django ignores it
                continue
            if data.get(BACKEND_SESSION_KEY) != old:
                continue
            data[BACKEND_SESSION_KEY] = new
            session.session_data = store.encode(data)
            session.save(update_fields=["session_data"])
            if hasattr(store, "cache_key"):  # cached_db: the next read refills the cache
                store._cache.delete(store.cache_key)

    return forwards


class Migration(migrations.Migration):
    dependencies = [
        ("sessions", "0001_initial"),
        ("treatment", "0003_checkin_link_due_date"),
    ]

    operations = [migrations.RunPython(rename(OLD, NEW), rename(NEW, OLD))]
