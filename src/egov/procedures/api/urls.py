from rest_framework.routers import SimpleRouter

from egov.procedures.api.views import ProcedureFieldViewSet, ProcedureViewSet

router = SimpleRouter()
router.register("procedures", ProcedureViewSet, basename="procedure")
router.register("procedure-fields", ProcedureFieldViewSet, basename="procedure-field")

urlpatterns = router.urls
