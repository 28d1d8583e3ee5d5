import Basics
import Foundation
import JSONWriting
import Publisher
import Serving

/// The paths and text files of a deployment bundle for a folder that will live at `prefix`:
/// the web server configurations, the Containerfile and the README.
struct BundleLayout {
    static let snapshotPath = RepositoryLayout.registry(.servingSnapshot)
    static let databasePath = "var/requests.sqlite"

    /// The security headers of the static site (predict.cgi sets its own); `frame-ancestors` keeps
    /// other sites from framing its pages (the form), which a `<meta>` policy cannot say.
    static let contentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; form-action 'self'; "
        + "frame-ancestors 'self'"

    var prefix: String
    var siteConfig: SiteConfig
    /// The PostgreSQL database every host shares (a libpq URI without a password), or nil for
    /// the host's own SQLite log (`databasePath`).
    var sharedDatabase: String?

    init(prefix: String, siteConfig: SiteConfig, sharedDatabase: String? = nil) {
        self.prefix = prefix.count > 1 && prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
        self.siteConfig = siteConfig
        self.sharedDatabase = sharedDatabase
    }

    /// deployment.json's `database`: the shared database, or the SQLite log's path.
    var database: String { sharedDatabase ?? Self.databasePath }

    /// The URL path predict.cgi is mapped to, without a trailing slash (`/cgi-bin/predict.cgi`).
    var cgiPath: String {
        var path = siteConfig.cgiURL
        if let components = URLComponents(string: path), components.host != nil { path = components.path }
        if !path.hasPrefix("/") { path = "/" + path }
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// The executable's file name in cgi-bin/: the last part of the CGI URL.
    var cgiName: String {
        let last = cgiPath.split(separator: "/").last.map(String.init) ?? ""
        return last.isEmpty ? "predict.cgi" : last
    }

    var cgiFile: String { "\(prefix)/cgi-bin/\(cgiName)" }
    var siteFolder: String { "\(prefix)/site" }

    /// deployment.json: the snapshot, the request log, the body limit, and where predict.cgi is
    /// published (`cgi_url`, which predict.cgi's links fall back on when a server's SCRIPT_NAME
    /// is not its path).
    var deploymentJSON: String {
        var writer = JSONWriter(.export)
        writer.object {
            $0.field("cgi_url", siteConfig.cgiURL)
            $0.field("database", database)
            $0.field("max_body_bytes", Deployment.defaultMaxBodyBytes)
            $0.field("snapshot", Self.snapshotPath)
        }
        return writer.text + "\n"
    }

    /// `/cgi-bin/predict.cgi` as a regular expression anchored at the start of a URL path.
    private var cgiPattern: String {
        "^" + cgiPath.replacingOccurrences(of: ".", with: "[.]") + "(/|$)"
    }

    var lighttpd: String {
        let basePath = siteConfig.basePath
        var aliases = "  \"\(cgiPath)\" => \"\(cgiFile)\","
        if basePath != "/" { aliases += "\n  \"\(basePath)\" => \"\(siteFolder)/\"," }
        return """
            # lighttpd: the site and predict.cgi of this bundle, installed at \(prefix).
            # Run: lighttpd -D -f \(prefix)/config/lighttpd.conf   (as a user that may write \(prefix)/var)
            server.modules = ("mod_alias", "mod_cgi", "mod_setenv", "mod_accesslog")
            server.port = 8080
            server.document-root = "\(siteFolder)"
            server.errorlog = "\(prefix)/var/log/lighttpd-error.log"
            # predict.cgi's standard error (the cause of each 5xx), which lighttpd otherwise sends to
            # its own standard error: /dev/null once it runs as a daemon.
            server.breakagelog = "\(prefix)/var/log/predict.cgi-error.log"
            accesslog.filename = "\(prefix)/var/log/lighttpd-access.log"
            server.pid-file = "\(prefix)/var/lighttpd.pid"
            server.upload-dirs = ("\(prefix)/var")
            index-file.names = ("index.html")
            # The site's 404.html for a missing page, with the 404 status; an error without a page of
            # its own (a malformed request's 400) gets lighttpd's plain page, not "page not found".
            server.errorfile-prefix = "\(siteFolder)/"
            mimetype.assign = (
              ".html" => "text/html; charset=utf-8",
              ".css" => "text/css; charset=utf-8",
              ".js" => "text/javascript; charset=utf-8",
              ".json" => "application/json",
              ".svg" => "image/svg+xml",
              ".png" => "image/png",
              ".xml" => "application/xml",
              ".atom" => "application/atom+xml",
              ".txt" => "text/plain; charset=utf-8",
              ".md" => "text/markdown; charset=utf-8",
            )
            alias.url = (
            \(aliases)
            )
            $HTTP["url"] =~ "\(cgiPattern)" {
              cgi.assign = ("" => "")
              # httpoxy: never pass a client's Proxy header to the CGI as HTTP_PROXY.
              setenv.set-request-header = ("Proxy" => "")
              setenv.add-environment = ("MODELPRESS_DEPLOYMENT" => "\(prefix)")
            }
            else {
              setenv.add-response-header = (
                "X-Content-Type-Options" => "nosniff",
                "Referrer-Policy" => "same-origin",
                "Content-Security-Policy" => "\(Self.contentSecurityPolicy)",
              )
            }

            """
    }

    var apache: String {
        let basePath = siteConfig.basePath
        let alias = basePath == "/" ? "" : "Alias \(basePath) \(siteFolder)/\n"
        return """
            # Apache 2: the site and predict.cgi of this bundle, installed at \(prefix).
            # Include this file in a VirtualHost (or the server config) and enable the modules:
            #   a2enmod cgid headers alias env
            DocumentRoot \(siteFolder)
            # The script first: mod_alias takes the first Alias or ScriptAlias that matches.
            ScriptAlias \(cgiPath) \(cgiFile)
            \(alias)# httpoxy: drop the client's Proxy header before anything sees it.
            RequestHeader unset Proxy early
            <Directory \(prefix)/cgi-bin>
                Options +ExecCGI
                Require all granted
                SetEnv MODELPRESS_DEPLOYMENT \(prefix)
            </Directory>
            <Directory \(siteFolder)>
                Options -Indexes
                Require all granted
                DirectoryIndex index.html
                AddType application/atom+xml .atom
                ErrorDocument 404 \(basePath)404.html
                Header always set X-Content-Type-Options "nosniff"
                Header always set Referrer-Policy "same-origin"
                Header always set Content-Security-Policy "\(Self.contentSecurityPolicy)"
            </Directory>

            """
    }

    /// An nginx server block for Debian's fcgiwrap. `fastcgi_split_path_info` gives predict.cgi
    /// the SCRIPT_NAME and PATH_INFO of RFC 3875 §4.1.13 and §4.1.5 (Debian's `fastcgi_params` sets
    /// SCRIPT_NAME from `$fastcgi_script_name`, the whole path unless it is split); the site's
    /// security headers are set in the site's location only, as predict.cgi sets its own.
    var nginx: String {
        let basePath = siteConfig.basePath
        let headers = """
                    add_header X-Content-Type-Options nosniff always;
                    add_header Referrer-Policy same-origin always;
                    add_header Content-Security-Policy "\(Self.contentSecurityPolicy)" always;
            """
        let site =
            basePath == "/"
            ? "    root \(siteFolder);\n    location / {\n\(headers)\n    }\n    error_page 404 /404.html;"
            : "    location \(basePath) {\n        alias \(siteFolder)/;\n\(headers)\n    }\n"
                + "    error_page 404 \(basePath)404.html;"
        let script = cgiPath.replacingOccurrences(of: ".", with: "\\.")
        return """
            # nginx + fcgiwrap (Debian: apt-get install nginx fcgiwrap): the site and predict.cgi of
            # this bundle, installed at \(prefix). Put this server block in /etc/nginx/sites-enabled/
            # (and remove Debian's sites-enabled/default, which also listens on port 80). Debian's
            # fcgiwrap listens on /run/fcgiwrap.socket and runs predict.cgi as www-data, which must be
            # able to write \(prefix)/var.
            server {
                listen 80;
            \(site)

                location ~ ^\(script)(/.*)?$ {
                    # Batch job uploads may be as large as predict.cgi's max_job_body_bytes (32 MiB unless
                    # deployment.json sets another).
                    client_max_body_size \(JobSettings().maxBodyBytes / 1_048_576)m;
                    # SCRIPT_NAME (from fastcgi_params) is predict.cgi's own path, PATH_INFO the rest.
                    fastcgi_split_path_info ^(\(script))(.*)$;
                    include fastcgi_params;
                    fastcgi_param SCRIPT_FILENAME \(cgiFile);
                    fastcgi_param PATH_INFO $fastcgi_path_info;
                    fastcgi_param MODELPRESS_DEPLOYMENT \(prefix);
                    # httpoxy: never forward the client's Proxy header as HTTP_PROXY.
                    fastcgi_param HTTP_PROXY "";
                    fastcgi_pass unix:/run/fcgiwrap.socket;
                }
            }

            """
    }

    var containerfile: String {
        """
        # The bundle as a container: lighttpd on port 8080 running predict.cgi and serving the site.
        #   podman build -t modelpress . && podman run -p 8080:8080 -v modelpress-var:\(prefix)/var modelpress
        FROM docker.io/library/debian:bookworm-slim
        RUN apt-get update \\
            && apt-get install -y --no-install-recommends lighttpd libsqlite3-0\(sharedDatabase == nil ? "" : " libpq5") \\
            && rm -rf /var/lib/apt/lists/*
        COPY . \(prefix)
        # Stamps the model files as copied here, so predict.cgi need not checksum them per request.
        RUN MODELPRESS_DEPLOYMENT=\(prefix) \(prefix)/cgi-bin/\(cgiName)-jobs --prepare
        RUN mkdir -p \(prefix)/var/log && chown -R www-data:www-data \(prefix)/var
        USER www-data
        EXPOSE 8080
        CMD ["lighttpd", "-D", "-f", "\(prefix)/config/lighttpd.conf"]

        """
    }

    /// What cgi-bin/predict.cgi is, for the README.
    private var cgiDescription: String {
        sharedDatabase == nil
            ? "predict.cgi (one static executable: glibc, SQLite and the Swift runtime inside)"
            : "predict.cgi's PostgreSQL build (the Swift runtime inside, linked against Debian's libpq5)"
    }

    /// The README's steps for a deployment whose hosts share a PostgreSQL database.
    private var sharedDatabaseSteps: String {
        """
        The request log is the PostgreSQL database every host shares, \(RequestStore(naming: database)):
        install `libpq5` on each host and put the password in the web server user's `~/.pgpass`
        (mode 0600, `HOST:PORT:DATABASE:USER:PASSWORD`), never in deployment.json. Once, before the
        first host serves (and after each upgrade of modelpress), from any machine that reaches it:

            modelpress db migrate --database '\(database)'

        A host that served from its own SQLite log brings it along before any host serves into
        the database:

            modelpress requests copy --from OLD/var/requests.sqlite --to '\(database)'

        Batch jobs live in the same database: a job submitted to any host is worked by the workers
        any host starts, and its result downloads from any host.


        """
    }

    func readme(artifacts: [String]) -> String {
        let files = artifacts.map { "\($0)   a model file the snapshot serves" }.joined(separator: "\n")
        return """
            # modelpress deployment bundle

            Everything a serving host needs, written by `modelpress bundle` for this folder living at
            `\(prefix)`:

            ```
            cgi-bin/\(cgiName)   \(cgiDescription)
            cgi-bin/\(cgiName)-jobs   what predict.cgi hands batch jobs to (it runs it; no URL maps onto it)
            \(Self.snapshotPath)   the serving snapshot
            \(files)
            prepared/   model checksum stamps, and format-3 copies of format-2 model files
            deployment.json   the snapshot, the request log (\(RequestStore(naming: database))), the body limit, cgi_url
            site/   the static site, for \(siteConfig.baseURL), its form posting to \(siteConfig.cgiURL)
            answers/   predict.cgi's HTML answers to the site's forms, in the site's theme
            var/   \(sharedDatabase == nil ? "the request log and " : "")server logs, batch jobs: the web server's user must be able to write here
            config/lighttpd.conf   a complete lighttpd configuration (port 8080)
            config/apache2.conf    to include in an Apache 2 VirtualHost (mod_cgid, headers, alias, env)
            config/nginx.conf      an nginx server block for fcgiwrap
            Containerfile   lighttpd + this folder in a Debian image
            ```

            Install: copy the folder to `\(prefix)` (or rebuild the bundle with `--prefix`), give the
            web server's user write access to `var/`, and use one of the configurations. Check it with
            `curl http://HOST\(cgiPath)/health`. predict.cgi reads `MODELPRESS_DEPLOYMENT` (set by
            each configuration) to find this folder. Then, as the folder's owner, run
            `MODELPRESS_DEPLOYMENT=\(prefix) \(prefix)/cgi-bin/\(cgiName)-jobs --prepare`: it checks every
            model file once and stamps it as it now is on this host (a copy has new inodes and times, so
            the stamps written here no longer match), and predict.cgi then skips the whole-file
            checksum on every request. Without it every request checks the file in full.

            \(sharedDatabase == nil ? "" : sharedDatabaseSteps)Update: copy new model files and `answers/` first and `\(Self.snapshotPath)` last, each by writing
            a temporary file and renaming it, so no request sees a snapshot naming a file that is not
            there yet; then run `--prepare` again.

            """
    }
}
