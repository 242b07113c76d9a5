"""A tenant's life with studybot: who looks after its material, and forgetting all of it when it leaves.

`admins.TenantAdmins` keeps the people who may change a tenant's material besides STUDYBOT_ADMINS
(the person who installed the bot in a workspace). `forget.Forgetting` deletes a tenant's material
and every piece of its state, at once or after the operator's grace period. Platform-free: the
Slack adapter calls it on `app_uninstalled`, the CLI on `studybot tenant rm`.
"""
