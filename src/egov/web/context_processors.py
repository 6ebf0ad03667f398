from django.conf import settings


def site(request):
    return {"province_name": settings.EGOV_PROVINCE_NAME or "Cổng thông tin chính quyền điện tử"}
