/* The upload of the "Nạp dữ liệu" page (dashboard/pages/upload.py): the clientside callback
 * cchc_upload.send.
 *
 * dcc.Upload has read the chosen files (data URLs).  They are checked against the limits the
 * page gives (count, size of each, size of all), then sent as multipart/form-data to the
 * page's upload route (dashboard/loading/routes.py) with XMLHttpRequest, whose upload events
 * drive the progress bar; once sent, the bar says "Đang nạp…" until the server answers with
 * the per-file report (Dash components as JSON), which the callback returns.  The picker is
 * emptied afterwards, so the same files can be chosen again.
 */
(function () {
    "use strict";

    function fill(template, values) {
        return template.replace(/\{(\w+)\}/g, function (whole, name) {
            return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
        });
    }

    function refusal(text) {
        return {
            namespace: "dash_bootstrap_components",
            type: "Alert",
            props: {children: text, color: "danger", className: "cchc-upload-refused mb-2"}
        };
    }

    function payload(dataUrl) {
        var comma = (dataUrl || "").indexOf(",");
        return comma < 0 ? "" : dataUrl.slice(comma + 1);
    }

    function sizeOf(dataUrl) {
        var base64 = payload(dataUrl);
        var padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
        return Math.max(0, Math.floor(base64.length * 3 / 4) - padding);
    }

    function blobOf(dataUrl) {
        var binary = atob(payload(dataUrl));
        var bytes = new Uint8Array(binary.length);
        for (var i = 0; i < binary.length; i++) {
            bytes[i] = binary.charCodeAt(i);
        }
        return new Blob([bytes], {type: "application/octet-stream"});
    }

    function megabytes(size, config) {
        return (size / 1048576).toFixed(1).replace(".", config.decimal) + " MB";
    }

    /* Why these files are refused as a whole (the route checks again), or null. */
    function limitProblem(contents, names, config) {
        var texts = config.texts;
        if (contents.length > config.maxFiles) {
            return fill(texts.too_many, {n: contents.length, limit: config.maxFiles});
        }
        var sizes = contents.map(sizeOf);
        var large = names.filter(function (name, i) { return sizes[i] > config.maxFileBytes; });
        if (large.length) {
            return fill(texts.file_too_large, {files: large.join(", "), limit: config.fileLimit});
        }
        var total = sizes.reduce(function (a, b) { return a + b; }, 0);
        if (total > config.maxBytes) {
            return fill(texts.total_too_large, {size: megabytes(total, config), limit: config.totalLimit});
        }
        return null;
    }

    function setProps(id, props) {
        window.dash_clientside.set_props(id, props);
    }

    function showProgress(config, value, label) {
        setProps(config.ids.progress, {
            value: value,
            label: label,
            className: "cchc-upload-progress" + (label === null ? " d-none" : "")
        });
    }

    /* POST the files; resolves with the report to show (the route's, or why it failed). */
    function post(contents, names, config) {
        return new Promise(function (resolve) {
            var form = new FormData();
            contents.forEach(function (content, i) {
                form.append(config.field, blobOf(content), names[i]);
            });
            var request = new XMLHttpRequest();
            request.open("POST", config.url);
            request.setRequestHeader(config.header, "1");
            request.upload.onprogress = function (event) {
                if (event.lengthComputable) {
                    var percent = Math.round(100 * event.loaded / event.total);
                    showProgress(config, percent, config.texts.sending + " " + percent + "%");
                }
            };
            request.upload.onload = function () {
                showProgress(config, 100, config.texts.loading);
            };
            request.onload = function () {
                var answer = null;
                try {
                    answer = JSON.parse(request.responseText);
                } catch (error) {
                    answer = null;
                }
                if (answer && answer.report) {
                    resolve(answer.report);
                    return;
                }
                var reason = request.status + " " + (request.responseText || "").split("\n")[0];
                resolve(refusal(fill(config.texts.failed_request, {reason: reason.trim()})));
            };
            request.onerror = function () {
                resolve(refusal(fill(config.texts.failed_request, {reason: "network"})));
            };
            request.send(form);
        });
    }

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        cchc_upload: {
            send: async function (contents, names, config, loaded) {
                var keep = window.dash_clientside.no_update;
                if (!contents || !contents.length || !config) {
                    return [keep, keep, keep];
                }
                names = names || [];
                var problem = limitProblem(contents, names, config);
                if (problem !== null) {
                    return [refusal(problem), keep, null];
                }
                setProps(config.ids.picker, {disabled: true});
                showProgress(config, 0, config.texts.sending);
                try {
                    var report = await post(contents, names, config);
                    return [report, (loaded || 0) + 1, null];
                } finally {
                    showProgress(config, 0, null);
                    setProps(config.ids.picker, {disabled: false});
                }
            }
        }
    });
})();
