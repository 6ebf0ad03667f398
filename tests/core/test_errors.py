from egov.core.errors import DomainError, PermissionDenied


def test_domain_error_carries_code_and_both_languages():
    error = DomainError("Hồ sơ không hợp lệ.", code="dossier.invalid", message_en="Invalid dossier.")
    assert error.code == "dossier.invalid"
    assert error.message("vi") == "Hồ sơ không hợp lệ."
    assert error.message("en-us") == "Invalid dossier."


def test_subclass_defaults_give_a_stable_code_and_status():
    error = PermissionDenied()
    assert (error.code, error.status) == ("auth.permission_denied", 403)
    assert "quyền" in error.message_vi
