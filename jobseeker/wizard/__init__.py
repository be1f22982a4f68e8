"""The seven-step 求職申込み (/mypage/apply/<step>/), a django-formtools wizard in three parts:

view.py     ApplicationWizard: which button was pressed, and where it leads;
storage.py  DraftStorage: the account's ApplicationDraft row, which keeps every step's input;
states.py   StepStates: each tab's state, which steps can be opened, the outcomes of the checks,
            and the マイページ's corrections not saved yet (unsaved_corrections).
"""
