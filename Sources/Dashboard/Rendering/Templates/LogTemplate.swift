extension PageTemplates {
    static let log = """
        {{<layout}}
        {{$title}}Log{{/title}}
        {{$body}}
        <h1>Log</h1>
        <p>The audit view of avosync log: events in the order they were appended, with the dispatcher's outcomes when asked.</p>
        <form class="filters" method="get" action="/ui/log">
        <label for="f-account">Account<input id="f-account" name="account" value="{{filters.account}}"></label>
        <label for="f-contact">Contact<input id="f-contact" name="contact" value="{{filters.contact}}"></label>
        <label for="f-type">Type<select id="f-type" name="type"><option value="">any</option>{{#types}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/types}}</select></label>
        <label for="f-since">Since (RFC 3339)<input id="f-since" name="since" value="{{filters.since}}" placeholder="2026-12-01T00:00:00Z"></label>
        <label for="f-until">Until (RFC 3339)<input id="f-until" name="until" value="{{filters.until}}"></label>
        <label for="f-from">From offset<input id="f-from" name="from" inputmode="numeric" value="{{filters.from}}"></label>
        <label for="f-sync"><span>With outcomes</span><input id="f-sync" type="checkbox" name="sync" value="on"{{#filters.sync}} checked{{/filters.sync}}></label>
        <button type="submit">Show</button>
        </form>
        {{#problem}}<p class="error" role="alert">{{problem}}</p>{{/problem}}
        <div class="table-wrap">
        <table id="log">
        <caption>Page {{page}}: records {{firstShown}} to {{lastShown}} of those that match.</caption>
        <thead><tr><th scope="col" class="num">Offset</th><th scope="col">At</th><th scope="col">Type</th><th scope="col">Account</th><th scope="col">Contact</th><th scope="col">Appended by</th><th scope="col">Details</th></tr></thead>
        <tbody>
        {{#entries}}
        <tr><td class="num">{{offset}}</td><td>{{at}}</td><td>{{type}}</td>
        <td>{{#account}}<a href="/ui/accounts/{{accountPath}}">{{account}}</a>{{/account}}{{^account}}-{{/account}}</td>
        <td>{{#contact}}<a href="/ui/accounts/{{accountPath}}/contacts/{{contactPath}}">{{contact}}</a>{{/contact}}{{^contact}}-{{/contact}}</td>
        <td>{{appendedBy}}</td><td>{{summary}}</td></tr>
        {{/entries}}
        {{^entries}}<tr><td colspan="7">Nothing matches.</td></tr>{{/entries}}
        </tbody>
        </table>
        </div>
        <nav aria-label="Pages"><p>{{#previous}}<a href="{{previous}}">Previous page</a>{{/previous}} {{#next}}<a href="{{next}}">Next page</a>{{/next}}</p></nav>
        {{/body}}
        {{/layout}}
        """
}
