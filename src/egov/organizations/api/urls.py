from rest_framework.routers import SimpleRouter

from egov.organizations.api.views import AdministrativeUnitViewSet, AgencyViewSet

router = SimpleRouter()
router.register("agencies", AgencyViewSet, basename="agency")
router.register("administrative-units", AdministrativeUnitViewSet, basename="administrative-unit")

urlpatterns = router.urls
