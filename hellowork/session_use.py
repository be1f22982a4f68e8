"""Which requests count as using a login (accounts.session_end slides the login's end on each):
a view marked here does not, such as a probe or a script asking how long is left."""


def leaves_session_end(view):
    """Marks a view whose requests neither read nor move the end of the login."""
    view.leaves_session_end = True
    return view
