"""People Can volunteering's pages (under /volunteering/ in each language)."""

from django.urls import path

from . import views

app_name = "volunteering"

urlpatterns = [
    path("", views.opportunity_list, name="opportunities"),
    path("new/", views.opportunity_new, name="opportunity_new"),
    path("join/", views.join, name="join"),
    path("mine/", views.mine, name="mine"),
    path("mine/details/", views.profile, name="profile"),
    path("mine/certificate.pdf", views.certificate, name="certificate"),
    path("figures/", views.figures, name="figures"),
    path("figures/publish/", views.publish, name="publish"),
    path("call-outs/", views.callout_list, name="callouts"),
    path("call-outs/new/", views.callout_new, name="callout_new"),
    path("call-outs/<int:pk>/", views.callout_detail, name="callout"),
    path("call-outs/<int:pk>/headcount/", views.callout_headcount, name="headcount"),
    path("call-outs/<int:pk>/close/", views.callout_close, name="callout_close"),
    path("reply/<str:token>/", views.reply, name="reply"),
    path("sign-ups/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("sign-ups/<int:pk>/decide/", views.decide, name="decide"),
    path("sign-ups/<int:pk>/hours/", views.hours, name="hours"),
    path("<slug:slug>/", views.opportunity_detail, name="opportunity"),
    path("<slug:slug>/sign-up/", views.sign_up, name="sign_up"),
    path("<slug:slug>/volunteers/", views.volunteers, name="volunteers"),
]

PUBLIC_VIEWS = {
    "volunteering:opportunities": "residents find opportunities before having an account",
    "volunteering:opportunity": "opportunity pages are public, to share and to sign up from",
    "volunteering:join": "making a light account to volunteer",
    "volunteering:reply": "a call-out's signed link: the token is the credential",
}
