"""The account pages, one module per flow (accounts/urls.py names each page's module):
signup.py (mail → 認証キー → password), login.py (login, logout), password.py (change, reset),
email_change.py, deletion.py; key_mail.py is what the 認証キー pages of signup and mail address
change share.
"""
