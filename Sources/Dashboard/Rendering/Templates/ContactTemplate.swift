extension PageTemplates {
    static let contact = """
        {{<layout}}
        {{$title}}Contact {{contact}}{{/title}}
        {{$body}}
        <h1>Contact {{contact}} of <a href="/ui/accounts/{{accountPath}}">{{account}}</a></h1>
        <p>{{#link}}Linked to Salesforce {{object}} <code>{{id}}</code>.{{/link}}{{^link}}Not linked to a Salesforce record yet.{{/link}}</p>
        <section aria-labelledby="fields-heading">
        <h2 id="fields-heading">Fields and where they came from</h2>
        <div class="table-wrap">
        <table id="fields">
        <caption>Each field as Avochato should now show it; the later of an Avochato edit and a Salesforce change wins.</caption>
        <thead><tr><th scope="col">Field</th><th scope="col">Value</th><th scope="col">Source</th><th scope="col" class="num">Offset</th><th scope="col">At</th></tr></thead>
        <tbody>
        {{#fields}}
        <tr><th scope="row"><code>{{name}}</code></th><td>{{value}}</td><td>{{source}}</td><td class="num">{{offset}}</td><td>{{at}}</td></tr>
        {{/fields}}
        {{^fields}}<tr><td colspan="5">No field set.</td></tr>{{/fields}}
        </tbody>
        </table>
        </div>
        </section>
        <section aria-labelledby="history-heading">
        <h2 id="history-heading">History: what happened and what avosync did</h2>
        <div class="table-wrap">
        <table id="history">
        <caption>Its events and the dispatcher's outcomes, in the order they were appended{{#truncated}} (the first {{shown}}; the log page shows the rest){{/truncated}}.</caption>
        <thead><tr><th scope="col">Log</th><th scope="col" class="num">Offset</th><th scope="col">At</th><th scope="col">Type</th><th scope="col">Details</th></tr></thead>
        <tbody>
        {{#history}}
        <tr><td>{{log}}</td><td class="num">{{offset}}</td><td>{{at}}</td><td>{{type}}</td><td>{{summary}}</td></tr>
        {{/history}}
        {{^history}}<tr><td colspan="5">Nothing recorded.</td></tr>{{/history}}
        </tbody>
        </table>
        </div>
        </section>
        {{/body}}
        {{/layout}}
        """
}
