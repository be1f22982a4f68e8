"""求職者マイページ開設（アカウント登録手続きの方）: a person whose application staff registered at
the counter finds it by 求職番号 and 生年月日 and links it to their account (SPEC "Screens and
flow" 3, issue #4 item 8): the page and its form (views.py, forms.py, urls.py at
/account/counter/) and the rules (services.py).
"""
