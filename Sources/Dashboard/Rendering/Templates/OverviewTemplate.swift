extension PageTemplates {
    static let overview = """
        {{<layout}}
        {{$title}}Overview{{/title}}
        {{$body}}
        <h1>Sync overview</h1>
        <p>{{accountCount}} accounts, <strong>{{attentionCount}} needing attention</strong>.{{#everyAccount}} Events log next offset {{eventsNextOffset}}; sync log next offset {{syncNextOffset}}.{{/everyAccount}}</p>
        {{^dispatching}}<p class="notice">This service takes events but does not dispatch them (serve --no-sync): API usage and charts come from the process that syncs.</p>{{/dispatching}}
        <section aria-labelledby="accounts-heading">
        <h2 id="accounts-heading">Accounts</h2>
        <p>Order: {{#orders}}{{#current}}<strong aria-current="true">{{label}}</strong>{{/current}}{{^current}}<a href="/ui/?sort={{key}}">{{label}}</a>{{/current}}{{^last}} · {{/last}}{{/orders}}</p>
        <div class="table-wrap">
        <table id="accounts">
        <caption>Every account with events: where its sync stands, as avosync status reports it.</caption>
        <thead><tr>
        <th scope="col">Account</th><th scope="col">Org</th><th scope="col">State</th>
        <th scope="col" class="num"><a href="/ui/?sort=lag">Lag (events)</a></th><th scope="col" class="num"><a href="/ui/?sort=lag">Lag (seconds)</a></th>
        <th scope="col" class="num">Pending</th><th scope="col" class="num">Parked</th><th scope="col" class="num">Dead letters</th>
        </tr></thead>
        <tbody>
        {{#accounts}}
        <tr data-account="{{name}}">
        <th scope="row"><a href="/ui/accounts/{{path}}">{{name}}</a></th>
        <td data-field="org">{{org}}{{^org}}not connected{{/org}}</td>
        <td data-field="state"><span class="state state-{{state}}">{{state}}</span>{{#deadLetterNote}} <span class="state state-attention">{{deadLetterNote}}</span>{{/deadLetterNote}}{{#stateDetail}}<br><small>{{stateDetail}}</small>{{/stateDetail}}</td>
        <td data-field="lag_events" class="num">{{lagEvents}}</td>
        <td data-field="lag_seconds" class="num">{{lagSeconds}}</td>
        <td data-field="pending_events" class="num">{{pending}}</td>
        <td data-field="parked_events" class="num">{{parked}}</td>
        <td data-field="dead_letters" class="num">{{deadLetters}}</td>
        </tr>
        {{/accounts}}
        {{^accounts}}<tr><td colspan="8">No account has events yet.</td></tr>{{/accounts}}
        </tbody>
        </table>
        </div>
        </section>
        <section aria-labelledby="orgs-heading">
        <h2 id="orgs-heading">Salesforce API usage per org</h2>
        <div class="table-wrap">
        <table id="orgs">
        {{#everyAccount}}<caption>The daily allowance as each org last reported it (Sforce-Limit-Info), since this process started.</caption>{{/everyAccount}}
        {{^everyAccount}}<caption>The orgs of your accounts: the requests this process sent for your accounts since it started, against the org's daily allowance (other accounts on the same org are not counted here).</caption>{{/everyAccount}}
        <thead><tr><th scope="col">Org</th><th scope="col" class="num">Accounts</th><th scope="col" class="num">{{#everyAccount}}Used{{/everyAccount}}{{^everyAccount}}Used by your accounts{{/everyAccount}}</th><th scope="col" class="num">Allowance</th><th scope="col">Share used</th><th scope="col">Paused</th></tr></thead>
        <tbody>
        {{#orgs}}
        <tr data-org="{{name}}">
        <th scope="row">{{name}}</th>
        <td class="num">{{accounts}}</td>
        <td data-field="used" class="num">{{used}}</td>
        <td data-field="limit" class="num">{{limit}}</td>
        <td><meter min="0" max="100" low="70" high="90" optimum="0" value="{{percent}}" aria-label="{{percent}} percent of the allowance used"></meter> {{percent}}%</td>
        <td>{{#paused}}<span class="state state-paused">paused</span>{{/paused}}{{^paused}}no{{/paused}}</td>
        </tr>
        {{/orgs}}
        {{^orgs}}<tr><td colspan="6">No org has answered this process yet.</td></tr>{{/orgs}}
        </tbody>
        </table>
        </div>
        </section>
        {{/body}}
        {{/layout}}
        """
}
