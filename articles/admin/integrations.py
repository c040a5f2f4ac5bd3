from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone

from .. import webhooks
from ..models import ApiToken, WebhookDelivery, WebhookEvent, WebhookSubscription
from .articles import DateSafeChangeList


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "prefix",
        "embargo_access",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["embargo_access", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username"]
    autocomplete_fields = ["user"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    actions = ["revoke_selected"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name", "embargo_access"]
        return [
            "user",
            "name",
            "embargo_access",
            "prefix",
            "created_at",
            "last_used_at",
            "revoked_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        # A token never changes hands: a new holder needs a new token.
        return [*self.readonly_fields, "user"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        token, raw = ApiToken.objects.create_token(
            user=obj.user, name=obj.name, embargo_access=obj.embargo_access
        )
        obj.pk = token.pk
        messages.warning(
            request,
            f"The new token is {raw} — copy it now: it is shown only this once and only "
            "its hash is kept.",
        )

    @admin.action(description="Revoke selected tokens", permissions=["change"])
    def revoke_selected(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"Revoked {count} token(s).", messages.SUCCESS)


class WebhookSubscriptionForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookSubscription
        fields = ["name", "url", "events", "secret", "is_active"]


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = WebhookSubscriptionForm
    list_display = ["name", "url", "event_list", "is_active", "disabled_reason"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]
    readonly_fields = ["disabled_reason", "created_at"]

    @admin.display(description="events")
    def event_list(self, subscription):
        return ", ".join(subscription.events)

    def save_model(self, request, obj, form, change):
        if obj.is_active:
            obj.disabled_reason = ""
        super().save_model(request, obj, form, change)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "subscription",
        "event",
        "article",
        "status",
        "attempts",
        "response_code",
        "duration_ms",
        "last_attempt_at",
    ]
    list_filter = ["status", "event", "subscription"]
    list_select_related = ["subscription", "article"]
    search_fields = ["article__headline", "subscription__name"]
    date_hierarchy = "created_at"
    actions = ["replay_selected"]
    readonly_fields = [
        "subscription",
        "event",
        "article",
        "status",
        "attempts",
        "response_code",
        "duration_ms",
        "error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "replay_of",
        "body",
    ]

    def get_changelist(self, request, **kwargs):
        return DateSafeChangeList

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_replay_permission(self, request):
        return request.user.has_perm("articles.change_webhooksubscription")

    @admin.action(
        description="Replay selected deliveries (send them again)", permissions=["replay"]
    )
    def replay_selected(self, request, queryset):
        with transaction.atomic():
            replays = [
                webhooks.replay(delivery) for delivery in queryset.select_related("subscription")
            ]
        self.message_user(
            request, f"Queued {len(replays)} delivery(ies) to be sent again.", messages.SUCCESS
        )
