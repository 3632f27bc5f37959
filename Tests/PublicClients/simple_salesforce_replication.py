"""Drives the emulator's replication side with simple-salesforce, unmodified, over HTTPS.

A person (the standard org's second user) edits and deletes Leads; avosync's user then reads
them back through `updated/`, `deleted/` and `queryAll`. Prints one JSON object of what each
call returned. Run by SimpleSalesforceTests with EMULATOR_URL and REQUESTS_CA_BUNDLE set.
"""

import json
import sys
from datetime import datetime, timedelta, timezone

from emulator_session import signed_in
from simple_salesforce.exceptions import SalesforceMalformedRequest

sf = signed_in("demo-refresh-token")
person = signed_in("admin-refresh-token")
report = {}

kept = sf.Lead.create({"LastName": "Replicated", "Company": "Py"})["id"]
gone = sf.Lead.create({"LastName": "Removed", "Company": "Py"})["id"]
person.Lead.update(kept, {"Email": "person@example.com"})
person.Lead.delete(gone)
report["kept"] = kept
report["gone"] = gone
report["modified_by"] = sf.Lead.get(kept)["LastModifiedById"]

now = datetime.now(timezone.utc)
start, end = now - timedelta(minutes=10), now + timedelta(minutes=2)
report["updated_ids"] = sf.Lead.updated(start, end)["ids"]
report["deleted_ids"] = [record["id"] for record in sf.Lead.deleted(start, end)["deletedRecords"]]
everything = sf.query_all("SELECT Id, IsDeleted FROM Lead WHERE IsDeleted = true", include_deleted=True)
report["query_all_deleted"] = [record["Id"] for record in everything["records"]]
try:
    sf.Lead.updated(start, start + timedelta(seconds=30))
    report["short_window"] = "accepted"
except SalesforceMalformedRequest as error:
    report["short_window"] = error.content[0]["errorCode"]

json.dump(report, sys.stdout, default=str)
