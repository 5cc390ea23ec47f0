import pytest

from lianghui.env import ConfigError, env_bool, env_int, env_list, env_url


def test_bool_accepts_the_usual_spellings(monkeypatch):
    for raw, value in [("true", True), ("1", True), ("Yes", True), ("off", False), ("0", False)]:
        monkeypatch.setenv("X_FLAG", raw)
        assert env_bool("X_FLAG") is value


def test_bad_values_fail_loudly_with_the_variable_name(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ConfigError, match="X_FLAG"):
        env_bool("X_FLAG")
    monkeypatch.setenv("X_NUM", "12a")
    with pytest.raises(ConfigError, match="X_NUM"):
        env_int("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "-3")
    with pytest.raises(ConfigError, match="at least"):
        env_int("X_NUM", 1)
    monkeypatch.setenv("X_HOSTS", "a,,b")
    with pytest.raises(ConfigError, match="empty item"):
        env_list("X_HOSTS", [])
    monkeypatch.setenv("X_URL", "mysql://x")
    with pytest.raises(ConfigError, match="X_URL"):
        env_url("X_URL", {"postgres", "sqlite"})


def test_defaults_when_unset(monkeypatch):
    monkeypatch.delenv("X_UNSET", raising=False)
    assert env_int("X_UNSET", 7) == 7
    assert env_list("X_UNSET", ["a"]) == ["a"]
    assert env_url("X_UNSET", {"redis"}) is None


def test_settings_are_chinese_first_in_shanghai_time():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert ("en", "English") in settings.LANGUAGES


def test_proxy_header_becomes_djangos_pair(monkeypatch):
    from lianghui.env import env_proxy_header

    monkeypatch.delenv("X_PROXY", raising=False)
    assert env_proxy_header("X_PROXY") is None
    monkeypatch.setenv("X_PROXY", "X-Forwarded-Proto")
    assert env_proxy_header("X_PROXY") == ("HTTP_X_FORWARDED_PROTO", "https")
    monkeypatch.setenv("X_PROXY", "X-Forwarded-Proto: https")
    with pytest.raises(ConfigError, match="X_PROXY"):
        env_proxy_header("X_PROXY")
