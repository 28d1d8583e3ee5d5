import Models
import Registry
import Serving

/// Upload a file of rows for predict.cgi to score as a batch job, watch its progress, download
/// the result. The form posts as `multipart/form-data` and works without JavaScript (predict.cgi
/// answers a browser with an HTML page linking to the job's status page, which reloads itself);
/// the small script only keeps the visitor on this page, polling and offering the downloads.
struct BatchJobPage {
    let endpoint: EndpointRecord
    let context: BuildContext

    var title: String { "Batch predictions · \(endpoint.name)" }

    /// `{cgi_url}{endpoint}/jobs`.
    var action: String { context.config.cgiURL + endpoint.name + "/jobs" }

    /// The `jobs` template's values.
    var values: TemplateValues {
        var out = PredictionFormPage.common(endpoint, context: context)
        out["action"] = action
        let schema = endpoint.definition.schema
        out["header"] = schema.fields.map(\.name).joined(separator: ",")
        // What predict.cgi takes as missing: the markers of the versions it serves.
        let served = context.registry?.versions(of: endpoint.name).filter(\.status.isServable) ?? []
        out["missingMarkers"] =
            VersionCSVReading.of(artifacts: served.map(\.facts.artifact.path), root: context.root.path).missingMarkers
        let nullable = schema.fields.filter(\.nullable).map(\.name)
        out["nullableFields"] = nullable.enumerated().map { index, name -> TemplateValues in
            let remaining = nullable.count - index - 1
            return ["name": name, "separator": remaining > 1 ? ", " : remaining == 1 ? " and " : ""]
        }
        out["scriptURL"] = context.url(Self.scriptPath)
        return out
    }

    /// Where the script is published (a file of the same name in site/assets/ replaces it).
    static let scriptPath = "assets/jobs.js"

    /// Posts the form with fetch, then polls the job's status link once a second.
    static let script = """
        (function () {
          var form = document.getElementById("job-form");
          if (!form || !window.fetch || !window.FormData) return;
          var box = document.getElementById("job-status"), bar = document.getElementById("job-progress");
          var text = document.getElementById("job-text"), list = document.getElementById("job-errors");
          var links = document.getElementById("job-links");
          function show(message, problems) {
            box.hidden = false;
            text.textContent = message;
            list.textContent = "";
            (problems || []).forEach(function (p) {
              var item = document.createElement("li");
              item.textContent = p.field + ": " + p.message;
              list.appendChild(item);
            });
          }
          function poll(url) {
            fetch(url, { headers: { Accept: "application/json" } }).then(function (r) { return r.json(); })
              .then(function (job) {
                var p = job.progress || {};
                bar.max = Math.max(p.rows_total || 1, 1);
                bar.value = p.rows_done || 0;
                var skipped = p.rows_skipped ? " (" + p.rows_skipped + " invalid rows skipped)" : "";
                show(job.status + ": " + (p.rows_done || 0) + " of " + (p.rows_total || 0) + " rows" + skipped,
                  job.skipped);
                if (job.status === "SUCCESS") {
                  document.getElementById("job-csv").href = job.links.result_csv;
                  document.getElementById("job-json").href = job.links.result_json;
                  links.hidden = false;
                } else if (job.status === "FAILURE") {
                  show("FAILURE: " + job.error);
                } else {
                  setTimeout(function () { poll(url); }, 1000);
                }
              }).catch(function () { show("The status could not be read; reload to try again."); });
          }
          form.addEventListener("submit", function (event) {
            event.preventDefault();
            links.hidden = true;
            show("Uploading…");
            fetch(form.action, { method: "POST", body: new FormData(form), headers: { Accept: "application/json" } })
              .then(function (r) { return r.json(); })
              .then(function (answer) {
                if (answer.task_id) { show("PENDING: task " + answer.task_id); poll(answer.links.status); }
                else { show(answer.message, answer.errors); }
              }).catch(function () { show("The upload failed; check the connection and try again."); });
          });
        })();

        """
}
