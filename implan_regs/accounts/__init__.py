"""Accounts and sharing of the web application, as library code (no Flask).

:mod:`.users` keeps the accounts (roles, departments, hashed passwords) in ``ROOT/web/users.json``;
:mod:`.shares` which proposals are shared with which departments. Both write through the
store's journaled transactions. The web package and the ``implan-regs user`` commands use them;
creating an account from the command line never loads the web application.
"""
