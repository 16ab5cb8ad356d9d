from django.urls import path

from . import views, views_people

urlpatterns = [
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/password/", views.set_password, name="set_password"),
    path("regions/<int:pk>/", views.region_detail, name="region_detail"),
    path("organisations/<int:pk>/people/", views_people.people, name="people"),
    path("organisations/<int:pk>/people/add/", views_people.person_add, name="person_add"),
    path("organisations/<int:pk>/people/import/", views_people.people_import, name="people_import"),
    path(
        "organisations/<int:pk>/people/import/template.csv",
        views_people.people_import_template,
        name="people_import_template",
    ),
    path("organisations/<int:pk>/invite/", views_people.invite, name="invite"),
    path("invitations/", views_people.invitations, name="invitations"),
    path("invitations/<int:pk>/accept/", views_people.invitation_accept, name="invitation_accept"),
    path("invitations/<int:pk>/decline/", views_people.invitation_decline, name="invitation_decline"),
    path("invitations/<int:pk>/withdraw/", views_people.invitation_withdraw, name="invitation_withdraw"),
]
