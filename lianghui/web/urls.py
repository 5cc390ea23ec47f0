from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from lianghui.web import views, views_second_factor, views_signin

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("security/lockouts/", views_signin.lockouts, name="lockouts"),
    path("security/lockouts/unlock/", views_signin.unlock, name="unlock"),
    path("security/second-factor/", views_second_factor.code, name="second_factor"),
    path(
        "security/second-factor/accounts/",
        views_second_factor.accounts,
        name="second_factor_accounts",
    ),
    path("security/second-factor/reset/", views_second_factor.reset, name="second_factor_reset"),
    # Browsers and bookmark tools ask for /favicon.ico whatever the page links to.
    path(
        "favicon.ico",
        RedirectView.as_view(url=static("lianghui/favicon.ico"), permanent=True),
        name="favicon",
    ),
]
