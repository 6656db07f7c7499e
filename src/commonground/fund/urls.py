"""The fund's pages.  Public views are marked `@login_not_required` in their modules; the
project's permission test lists them (``PUBLIC_VIEWS``) with the reason each is public."""

from django.urls import path

from .views import delivery, officer, proposer, public, reviews, vote

app_name = "fund"

urlpatterns = [
    # Public
    path("", public.round_index, name="index"),
    path("tracking/", public.tracking, name="tracking"),
    path("grants/360giving.<str:fmt>", public.grants_360, name="grants_360"),
    path("proposals/", proposer.my_proposals, name="my_proposals"),
    path("new-round/", officer.round_form, name="round_new"),
    path("<slug:slug>/", public.round_detail, name="round"),
    path("<slug:slug>/projects/", public.shortlist, name="shortlist"),
    path("<slug:slug>/projects/<str:code>/", public.project_detail, name="project"),
    path("<slug:slug>/results/", public.results, name="results"),
    path("<slug:slug>/results/<str:pot>.pb", public.export_pb, name="export_pb"),
    path("<slug:slug>/grants/<int:pk>/", public.grant_detail, name="grant"),
    # Voting (public: residents vote without an account)
    path("<slug:slug>/vote/", vote.vote_start, name="vote"),
    path("<slug:slug>/vote/code/", vote.vote_code, name="vote_code"),
    path("<slug:slug>/vote/postcode/", vote.vote_postcode, name="vote_postcode"),
    path("<slug:slug>/vote/voter-number/", vote.vote_list, name="vote_list"),
    path("<slug:slug>/vote/ballot/", vote.ballot, name="ballot"),
    path("<slug:slug>/vote/done/", vote.ballot_done, name="ballot_done"),
    # Proposers (signed in)
    path("<slug:slug>/propose/", proposer.proposal_form, name="proposal_new"),
    path("<slug:slug>/proposals/<int:pk>/", proposer.proposal_status, name="proposal"),
    path("<slug:slug>/proposals/<int:pk>/edit/", proposer.proposal_form, name="proposal_edit"),
    path("<slug:slug>/grants/<int:pk>/report/", delivery.report, name="report"),
    # Officers
    path("<slug:slug>/manage/", officer.manage, name="manage"),
    path("<slug:slug>/manage/settings/", officer.round_form, name="round_edit"),
    path("<slug:slug>/manage/<str:action>/", officer.phase_action, name="phase_action"),
    path("<slug:slug>/assessment/", officer.queue, name="queue"),
    path("<slug:slug>/assessment/<int:pk>/", officer.assess, name="assess"),
    path("<slug:slug>/paper-ballots/", officer.paper_ballot, name="paper"),
    path("<slug:slug>/voters/", officer.voters, name="voters"),
    path("<slug:slug>/voters/reviews/", reviews.reviews, name="reviews"),
    path("<slug:slug>/results/override/<int:pk>/", officer.override, name="override"),
    path("<slug:slug>/grants/<int:pk>/edit/", delivery.grant_edit, name="grant_edit"),
]

PUBLIC_VIEWS = {
    "fund:index": "how the fund allocates public money is public",
    "fund:tracking": "funded projects' progress is public",
    "fund:grants_360": "grants are published as open data (360Giving)",
    "fund:round": "rounds are public",
    "fund:shortlist": "the ballot's projects are public",
    "fund:project": "the ballot's projects are public",
    "fund:results": "results and overrides are public",
    "fund:export_pb": "the anonymised ballots are published (Pabulib)",
    "fund:grant": "grants and their progress are public",
    "fund:vote": "residents vote without an account",
    "fund:vote_code": "residents vote without an account",
    "fund:vote_postcode": "residents vote without an account",
    "fund:vote_list": "residents vote without an account",
    "fund:ballot": "residents vote without an account",
    "fund:ballot_done": "residents vote without an account",
}
"""The fund's public views and why: the project's permission test should include these."""
