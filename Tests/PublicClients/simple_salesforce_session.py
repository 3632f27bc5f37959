"""Drives the avosync Salesforce emulator with simple-salesforce, unmodified, over HTTPS.

Run by SimpleSalesforceTests with EMULATOR_URL set to the emulator's https:// base URL and
REQUESTS_CA_BUNDLE naming the emulator's self-signed certificate. Prints one JSON object
describing what each call returned; exits non-zero if a call fails unexpectedly.
"""

import json
import sys

from emulator_session import signed_in
from simple_salesforce.exceptions import SalesforceMalformedRequest

sf = signed_in()
report = {}

report["query"] = sf.query("SELECT Id, Name, Phone FROM Contact WHERE LastName = 'Lovelace'")
found = sf.search("FIND {4155550101} IN PHONE FIELDS RETURNING Contact(Id, Name), Lead(Id WHERE IsConverted = false)")
report["search"] = found

created = sf.Lead.create({"LastName": "Simple", "Company": "Salesforce Py", "Phone": "+1 (415) 555-0190"})
report["create"] = created
report["update_status"] = sf.Lead.update(created["id"], {"Rating": "Hot", "Email": "simple@example.com"})
report["lead"] = sf.Lead.get(created["id"])

report["upsert_first_status"] = sf.Task.upsert(
    "Avochato_Event_Id__c/evt-py-1", {"Subject": "Call", "Status": "Completed", "WhoId": created["id"]}
)
report["upsert_second_status"] = sf.Task.upsert(
    "Avochato_Event_Id__c/evt-py-1", {"Subject": "Call, edited", "Status": "Completed", "WhoId": created["id"]}
)

lead_describe = sf.Lead.describe()
report["describe_lead_fields"] = [field["name"] for field in lead_describe["fields"]]
report["describe_global_names"] = [entry["name"] for entry in sf.describe()["sobjects"]]

bulk = [{"attributes": {"type": "Lead"}, "LastName": "Bulk %d" % n, "Company": "Bulk Co"} for n in range(200)]
bulk_results = sf.restful("composite/sobjects", method="POST", json={"allOrNone": True, "records": bulk})
report["collection_successes"] = sum(1 for result in bulk_results if result["success"])
paged = sf.query_all("SELECT Id FROM Lead", headers={"Sforce-Query-Options": "batchSize=200"})
report["query_all_total"] = paged["totalSize"]
report["query_all_records"] = len(paged["records"])

composite = sf.restful(
    "composite",
    method="POST",
    json={
        "allOrNone": True,
        "compositeRequest": [
            {
                "method": "POST",
                "url": "/services/data/v59.0/sobjects/Contact",
                "referenceId": "contact",
                "body": {"LastName": "Composite", "Phone": "415 555 0191"},
            },
            {
                "method": "PATCH",
                "url": "/services/data/v59.0/sobjects/Task/Avochato_Event_Id__c/evt-py-2",
                "referenceId": "task",
                "body": {"Subject": "Text", "Status": "Completed", "WhoId": "@{contact.id}"},
            },
        ],
    },
)
report["composite_statuses"] = [item["httpStatusCode"] for item in composite["compositeResponse"]]

try:
    sf.Lead.create({"LastName": "No Company"})
    report["missing_company"] = "accepted"
except SalesforceMalformedRequest as error:
    report["missing_company"] = error.content[0]["errorCode"]

report["api_usage"] = sf.api_usage["api-usage"].used if "api-usage" in sf.api_usage else None
json.dump(report, sys.stdout, default=str)
