from django.contrib import admin

from .models import Office


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "address", "phone"]
    search_fields = ["code", "name"]

    def save_model(self, request, obj, form, change):
        if change:
            # Never write last_serial back: a number issued while the form was open would be
            # handed out again (jobseeker.services.allocate_number).
            obj.save(update_fields=[name for name in form.changed_data if name != "last_serial"])
        else:
            obj.save()
