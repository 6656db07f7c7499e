from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from commonground.api import urls as api_urls
from commonground.core.views.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", api_urls()),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # Machine-readable feeds outside the language prefixes: the Open Referral UK API and
    # the events calendar (their modules own what they serve).
    path("openreferral/", include("commonground.services.oruk_urls")),
    path("events.ics", include("commonground.involved.feed_urls")),
]

urlpatterns += i18n_patterns(
    path(
        "sign-in/",
        login_not_required(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("fund/", include("commonground.fund.urls")),
    path("measures/", include("commonground.measures.urls")),
    path("conversations/", include("commonground.consult.urls")),
    path("panel/", include("commonground.people.urls")),
    path("services/", include("commonground.services.urls")),
    path("safety/", include("commonground.safety.urls")),
    path("schools/", include("commonground.schools.urls")),
    path("evaluation/", include("commonground.evaluation.urls")),
    path("readiness/", include("commonground.readiness.urls")),
    path("involved/", include("commonground.involved.urls")),
    path("leaders/", include("commonground.leaders.urls")),
    path("referrals/", include("commonground.referrals.urls")),
    path("volunteering/", include("commonground.volunteering.urls")),
    path("challenges/", include("commonground.challenges.urls")),
    path("open-book/", include("commonground.openbook.urls")),
    path("", include("commonground.core.urls")),
    prefix_default_language=False,
)
