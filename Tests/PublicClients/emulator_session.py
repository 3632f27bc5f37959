"""Signs in to the emulator at EMULATOR_URL with the standard org's connected app, as one of
its users, and hands back a simple-salesforce client on that session."""

import os

import requests
from simple_salesforce import Salesforce


def signed_in(refresh_token="demo-refresh-token"):
    token = requests.post(
        os.environ["EMULATOR_URL"] + "/services/oauth2/token",
        data={
            "grant_type": "refresh_token",
            "client_id": "avosync-demo",
            "client_secret": "demo-secret",
            "refresh_token": refresh_token,
        },
        timeout=10,
    )
    token.raise_for_status()
    answer = token.json()
    return Salesforce(instance_url=answer["instance_url"], session_id=answer["access_token"], version="59.0")
