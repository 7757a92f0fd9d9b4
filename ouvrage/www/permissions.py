"""Words shared by the views' permission checks."""

# The end of « Votre rôle ne permet pas … » when an external evaluator opens a page of the
# organisation's own work (accounts.permissions.STAFF).
TO_STAFF = "de voir cette page : un évaluateur externe ne voit que les évaluations qu'il conduit"
