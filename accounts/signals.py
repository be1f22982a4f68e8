"""What accounts tells the apps above it (jobseeker) about an account's life, so that they act
on their own data without accounts importing them (pyproject.toml's import-linter contracts).

Each app connects its receivers in its AppConfig.ready() (jobseeker.apps). The questions that
want one answer instead (where a person goes after signing up, which office to name) are
accounts.hooks.
"""

from django.dispatch import Signal

# services.open_account, inside the transaction that creates the account and uses its key,
# once the account exists: `user`, and `link`, what the signup pages carried for it (the
# session's accounts.views.signup.SIGNUP_LINK, set by a page above accounts before the
# signup) or None. What a receiver writes commits or rolls back with the account; a receiver
# that cannot do its part leaves things as they were rather than raise, so that the account
# still opens.
account_opened = Signal()

# lifecycle.deletion_plan: `user`. A receiver that holds data of the account returns a
# lifecycle.DeletionPart (may the account go online; what the deletion page shows of that
# data), or None when it holds nothing.
account_deletion_planned = Signal()

# lifecycle.delete_account, inside its transaction, once the account's row is locked and before
# anything of accounts' own is deleted: `user`. A receiver deletes or unlinks what it holds of
# the account, locking its own rows, or raises lifecycle.DeletionRefused, which rolls back
# everything and deletes nothing.
account_deleting = Signal()

# services.change_address and counter_address.confirm_counter_address_change, inside the
# transaction that moves the account to its new login address, once it is saved: `user`, `old`
# and `new` (the addresses), and `at_counter` (True when the counter started the change and the
# person confirmed it with the key mailed to `new`; absent otherwise). A receiver records it
# with its own data (jobseeker: the application's 履歴).
address_changed = Signal()

# lifecycle.purge_expired, before it deletes what of accounts' own has expired: `purge`, a
# batches.BatchedPurge (its `now`, its batch size). A receiver deletes what of its own has
# expired through purge.delete(kind, queryset), which deletes in batches of short transactions,
# counts under `kind` for `manage.py purge_expired` to print with the rest, and stops between
# two batches when asked.
purging_expired = Signal()
