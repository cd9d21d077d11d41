from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("newsletter/", views.NewsletterIndexView.as_view(), name="index"),
    path("newsletter/anmelden/", views.SubscribeView.as_view(), name="subscribe"),
    path("newsletter/anmelden/gesendet/", views.SubscribeSentView.as_view(), name="subscribe-sent"),
    path("newsletter/bestaetigen/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("newsletter/abmelden/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("newsletter/verwalten/<str:token>/", views.ManageView.as_view(), name="manage"),
    path("newsletter/ausgabe/<int:pk>/", views.IssueView.as_view(), name="issue"),
]
