extension PageTemplates {
    static let account = """
        {{<layout}}
        {{$title}}Account {{name}}{{/title}}
        {{$body}}
        <h1>Account {{name}}</h1>
        <p><span class="state state-{{state}}">{{state}}</span>{{#stateDetail}} {{stateDetail}}{{/stateDetail}}</p>
        <p>Connection: {{connection}}. Syncs to <strong>{{target}}</strong>, matching on <strong>{{phoneField}}</strong>.
        {{lagEvents}} events waiting{{#lagSeconds}}, the oldest appended {{lagSeconds}} seconds ago{{/lagSeconds}}.
        <a href="/ui/log?account={{path}}&amp;sync=on">Its log</a>.</p>
        {{#lastError}}<p class="error">Last error: {{lastError}}</p>{{/lastError}}
        <section aria-labelledby="charts-heading">
        <h2 id="charts-heading">The last hours</h2>
        {{^dispatching}}<p class="notice">This service does not dispatch (serve --no-sync), so it has no figures to chart.</p>{{/dispatching}}
        {{#sampling}}<p>{{sampling}}</p>{{/sampling}}
        <div class="charts">
        {{#charts}}<figure><figcaption><h3>{{title}}</h3></figcaption>{{{svg}}}</figure>{{/charts}}
        </div>
        </section>
        <section aria-labelledby="dead-heading">
        <h2 id="dead-heading">Dead letters</h2>
        <div class="table-wrap">
        <table id="dead-letters">
        <caption>Events Salesforce refused for good; avosync deadletters --redrive queues them again.</caption>
        <thead><tr><th scope="col" class="num">Offset</th><th scope="col">Contact</th><th scope="col">At</th><th scope="col">Salesforce code</th><th scope="col">Message</th><th scope="col">Fields</th></tr></thead>
        <tbody>
        {{#deadLetters}}
        <tr><td class="num"><a href="/ui/log?from={{offset}}&amp;account={{accountPath}}&amp;sync=on">{{offset}}</a></td>
        <td>{{#contact}}<a href="/ui/accounts/{{accountPath}}/contacts/{{contactPath}}">{{contact}}</a>{{/contact}}{{^contact}}-{{/contact}}</td>
        <td>{{at}}</td><td data-field="error_code"><code>{{code}}</code></td><td>{{message}}</td><td>{{fields}}</td></tr>
        {{/deadLetters}}
        {{^deadLetters}}<tr><td colspan="6">None.</td></tr>{{/deadLetters}}
        </tbody>
        </table>
        </div>
        </section>
        <section aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">Recent outcomes</h2>
        <div class="table-wrap">
        <table id="outcomes">
        <caption>What the dispatcher did for the account's latest events, newest first.</caption>
        <thead><tr><th scope="col" class="num">Sync offset</th><th scope="col">At</th><th scope="col">Outcome</th><th scope="col">Contact</th><th scope="col">Details</th></tr></thead>
        <tbody>
        {{#outcomes}}
        <tr><td class="num">{{offset}}</td><td>{{at}}</td><td>{{type}}</td>
        <td>{{#contact}}<a href="/ui/accounts/{{accountPath}}/contacts/{{contactPath}}">{{contact}}</a>{{/contact}}{{^contact}}-{{/contact}}</td><td>{{summary}}</td></tr>
        {{/outcomes}}
        {{^outcomes}}<tr><td colspan="5">None yet.</td></tr>{{/outcomes}}
        </tbody>
        </table>
        </div>
        </section>
        <section aria-labelledby="settings-heading">
        <h2 id="settings-heading">Settings</h2>
        <div class="table-wrap">
        <table id="settings">
        <caption>The settings in force, and whether each is the default or which event set it.</caption>
        <thead><tr><th scope="col">Setting</th><th scope="col">Value</th><th scope="col">Source</th></tr></thead>
        <tbody>
        {{#settings}}
        <tr><th scope="row"><code>{{name}}</code></th><td>{{value}}</td><td>{{#isDefault}}default{{/isDefault}}{{^isDefault}}set by the event at offset <a href="/ui/log?from={{offset}}&amp;account={{accountPath}}">{{offset}}</a>{{/isDefault}}</td></tr>
        {{/settings}}
        </tbody>
        </table>
        </div>
        </section>
        <section aria-labelledby="fields-heading">
        <h2 id="fields-heading">Custom field mappings</h2>
        <div class="table-wrap">
        <table id="custom-fields">
        <caption>Avochato's custom fields and the Salesforce fields they map to.</caption>
        <thead><tr><th scope="col">Key</th><th scope="col">Label</th><th scope="col">Salesforce field</th><th scope="col">Direction</th></tr></thead>
        <tbody>
        {{#customFields}}
        <tr><th scope="row"><code>{{key}}</code></th><td>{{label}}</td><td>{{#field}}<code>{{field}}</code>{{/field}}{{^field}}not mapped{{/field}}</td><td>{{direction}}</td></tr>
        {{/customFields}}
        {{^customFields}}<tr><td colspan="4">None.</td></tr>{{/customFields}}
        </tbody>
        </table>
        </div>
        </section>
        {{/body}}
        {{/layout}}
        """
}
