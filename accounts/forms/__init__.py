"""The account forms, one module per flow: signup.py, login.py, password.py (reset, change, the
current-password check), email_change.py, deletion.py; keys.py holds what the 認証キー forms of
signup and mail address change share. Each form owns its normalisation and messages.
"""
