"""Statistics of the one-stop shop: daily rollups per agency and procedure, kept in the use case's
transaction, and the leaders' page."""
