"""Writes a batch of model instances: COPY on PostgreSQL, bulk_create elsewhere.

COPY is built from the model's concrete fields (as bulk_create is), so a column added later is
written with its default. On PostgreSQL a million applications with their rows take minutes this
way; bulk_create's INSERT … UNNEST spent most of that time compiling SQL and adapting arrays.
"""

from django.db import connection, models

# Fields whose Python value psycopg writes as the column wants: no get_db_prep_save per value.
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DateField,  # DateTimeField too (a subclass): seeded moments are aware
    models.TimeField,
    models.ForeignKey,
)


def _columns(model) -> list[tuple[str, models.Field, bool]]:
    """(column, field, plain) of the columns an INSERT writes; a field of Django's own kinds
    whose value is stored as it is is plain, any other (JSON, auto_now, a project's field) goes
    through pre_save and get_db_prep_save as in bulk_create."""
    fields = [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]
    return [
        (
            f.column,
            f,
            isinstance(f, _PLAIN)
            and type(f).__module__.startswith("django.")
            and not getattr(f, "auto_now", False),
        )
        for f in fields
    ]


def write(model, objects: list[models.Model]) -> None:
    """Inserts `objects`, setting their primary keys."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects)
        return
    table = connection.ops.quote_name(model._meta.db_table)
    pk = model._meta.pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, pk.column, len(objects)],
        )
        for obj, (value,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = value
        for obj in objects:
            # What bulk_create does for relations assigned before the related row was saved.
            obj._prepare_related_fields_for_save(operation_name="write")
            obj._state.adding, obj._state.db = False, connection.alias
        columns = _columns(model)
        names = ", ".join(connection.ops.quote_name(column) for column, _, _ in columns)
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row(
                    [
                        getattr(obj, field.attname)
                        if plain
                        else field.get_db_prep_save(field.pre_save(obj, True), connection)
                        for _, field, plain in columns
                    ]
                )
