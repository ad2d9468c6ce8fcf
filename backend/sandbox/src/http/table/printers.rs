//! The printers: for each resource, the columns the real API server's Table has and how a
//! row's cells are computed.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::{age, human_duration, parse_time, s};
use crate::resources::ResourceInfo;

fn col(name: &str, ty: &str, description: &str, priority: u8) -> Value {
    json!({"name": name, "type": ty, "format": if name == "Name" { "name" } else { "" },
           "description": description, "priority": priority})
}

pub(super) fn columns(r: &ResourceInfo) -> Vec<Value> {
    let name = col(
        "Name",
        "string",
        "Name must be unique within a namespace.",
        0,
    );
    let age = col(
        "Age",
        "string",
        "CreationTimestamp is a timestamp representing the server time when this object was created.",
        0,
    );
    match r.qualified {
        "jobs.batch" => vec![
            name,
            col("Status", "string", "Status of the job.", 0),
            col(
                "Completions",
                "string",
                "The desired number of successfully finished pods the job should be run with.",
                0,
            ),
            col(
                "Duration",
                "string",
                "Time required to complete the job.",
                0,
            ),
            age,
            col(
                "Containers",
                "string",
                "Names of each container in the template.",
                1,
            ),
            col(
                "Images",
                "string",
                "Images referenced by each container in the template.",
                1,
            ),
            col(
                "Selector",
                "string",
                "A label query over pods that should match the pod count.",
                1,
            ),
        ],
        "pods" => vec![
            name,
            col(
                "Ready",
                "string",
                "The aggregate readiness state of this pod for accepting traffic.",
                0,
            ),
            col(
                "Status",
                "string",
                "The aggregate status of the containers in this pod.",
                0,
            ),
            col(
                "Restarts",
                "string",
                "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.",
                0,
            ),
            age,
            col("IP", "string", "IP address allocated to the pod.", 1),
            col(
                "Node",
                "string",
                "Name of the Node this pod is running on.",
                1,
            ),
            col(
                "Nominated Node",
                "string",
                "Name of the node where the pod may be scheduled.",
                1,
            ),
            col("Readiness Gates", "string", "Pod's readiness gates.", 1),
        ],
        "nodes" => vec![
            name,
            col("Status", "string", "The status of the node", 0),
            col("Roles", "string", "The roles of the node", 0),
            age,
            col(
                "Version",
                "string",
                "Kubelet Version reported by the node.",
                0,
            ),
        ],
        "namespaces" => vec![
            name,
            col("Status", "string", "The status of the namespace", 0),
            age,
        ],
        "events" => vec![
            col(
                "Last Seen",
                "string",
                "Time when this Event was last observed.",
                0,
            ),
            col("Type", "string", "Type of this event (Normal, Warning).", 0),
            col(
                "Reason",
                "string",
                "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
                0,
            ),
            col(
                "Object",
                "string",
                "The object that this event is about.",
                0,
            ),
            col(
                "Message",
                "string",
                "A human-readable description of the status of this operation.",
                0,
            ),
        ],
        "configmaps" => vec![name, col("Data", "integer", "Number of keys.", 0), age],
        "secrets" => vec![
            name,
            col("Type", "string", "The type of the secret", 0),
            col("Data", "integer", "The number of data keys", 0),
            age,
        ],
        "persistentvolumeclaims" => vec![
            name,
            col("Status", "string", "", 0),
            col("Volume", "string", "", 0),
            col("Capacity", "string", "", 0),
            col("Access Modes", "string", "", 0),
            col("StorageClass", "string", "", 0),
            age,
        ],
        "rolebindings.rbac.authorization.k8s.io"
        | "clusterrolebindings.rbac.authorization.k8s.io" => {
            vec![name, col("Role", "string", "", 0), age]
        }
        "roles.rbac.authorization.k8s.io" | "clusterroles.rbac.authorization.k8s.io" => {
            vec![name, col("Created At", "date", "", 0)]
        }
        "serviceaccounts" => vec![name, col("Secrets", "string", "", 0), age],
        "resourcequotas" => vec![
            name,
            age,
            col("Request", "string", "", 0),
            col("Limit", "string", "", 0),
        ],
        _ => vec![name, age],
    }
}

fn job_cells(now: DateTime<Utc>, job: &Value, name: &str, age: String) -> Vec<Value> {
    let conditions = job.pointer("/status/conditions").and_then(Value::as_array);
    let has = |t: &str| {
        conditions.is_some_and(|cs| {
            cs.iter()
                .any(|c| s(c, "/type") == t && s(c, "/status") == "True")
        })
    };
    let status = if has("Complete") {
        "Complete"
    } else if has("Failed") {
        "Failed"
    } else if has("FailureTarget") {
        "FailureTarget"
    } else if has("Suspended") {
        "Suspended"
    } else if has("SuccessCriteriaMet") {
        "SuccessCriteriaMet"
    } else {
        "Running"
    };
    let succeeded = job
        .pointer("/status/succeeded")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let completions = match job.pointer("/spec/completions").and_then(Value::as_i64) {
        Some(c) => format!("{succeeded}/{c}"),
        None => {
            let p = job
                .pointer("/spec/parallelism")
                .and_then(Value::as_i64)
                .unwrap_or(1);
            if p > 1 {
                format!("{succeeded}/1 of {p}")
            } else {
                format!("{succeeded}/1")
            }
        }
    };
    let start = parse_time(s(job, "/status/startTime"));
    let end = parse_time(s(job, "/status/completionTime"));
    let duration = match (start, end) {
        (Some(a), Some(b)) => human_duration(b - a),
        (Some(a), None) => human_duration(now - a),
        _ => String::new(),
    };
    let containers = job
        .pointer("/spec/template/spec/containers")
        .and_then(Value::as_array);
    let names: Vec<&str> = containers
        .map(|c| c.iter().map(|c| s(c, "/name")).collect())
        .unwrap_or_default();
    let images: Vec<&str> = containers
        .map(|c| c.iter().map(|c| s(c, "/image")).collect())
        .unwrap_or_default();
    let selector = job
        .pointer("/spec/selector/matchLabels")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default();
    vec![
        json!(name),
        json!(status),
        json!(completions),
        json!(duration),
        json!(age),
        json!(names.join(",")),
        json!(images.join(",")),
        json!(selector),
    ]
}

fn pod_cells(pod: &Value, name: &str, age: String) -> Vec<Value> {
    let total = pod
        .pointer("/spec/containers")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let statuses = pod
        .pointer("/status/containerStatuses")
        .and_then(Value::as_array);
    let ready = statuses.map_or(0, |cs| {
        cs.iter()
            .filter(|c| c.get("ready") == Some(&json!(true)))
            .count()
    });
    let restarts: i64 = statuses.map_or(0, |cs| {
        cs.iter()
            .filter_map(|c| c.get("restartCount").and_then(Value::as_i64))
            .sum()
    });
    let mut status = s(pod, "/status/phase").to_owned();
    let reason = s(pod, "/status/reason");
    if !reason.is_empty() {
        status = reason.to_owned();
    }
    for c in statuses.map(Vec::as_slice).unwrap_or_default() {
        let waiting = s(c, "/state/waiting/reason");
        let terminated = s(c, "/state/terminated/reason");
        if !waiting.is_empty() {
            status = waiting.to_owned();
        } else if !terminated.is_empty() && status != "Running" {
            status = terminated.to_owned();
        }
    }
    if pod
        .pointer("/metadata/deletionTimestamp")
        .is_some_and(|v| !v.is_null())
    {
        status = "Terminating".to_owned();
    }
    let ip = s(pod, "/status/podIP");
    let node = s(pod, "/spec/nodeName");
    vec![
        json!(name),
        json!(format!("{ready}/{total}")),
        json!(status),
        json!(restarts),
        json!(age),
        json!(if ip.is_empty() { "<none>" } else { ip }),
        json!(if node.is_empty() { "<none>" } else { node }),
        json!("<none>"),
        json!("<none>"),
    ]
}

pub(super) fn cells(now: DateTime<Utc>, r: &ResourceInfo, obj: &Value) -> Vec<Value> {
    let name = s(obj, "/metadata/name");
    let age = age(now, obj);
    match r.qualified {
        "jobs.batch" => job_cells(now, obj, name, age),
        "pods" => pod_cells(obj, name, age),
        "nodes" => {
            let ready = obj
                .pointer("/status/conditions")
                .and_then(Value::as_array)
                .and_then(|cs| cs.iter().find(|c| s(c, "/type") == "Ready"))
                .is_some_and(|c| s(c, "/status") == "True");
            vec![
                json!(name),
                json!(if ready { "Ready" } else { "NotReady" }),
                json!("<none>"),
                json!(age),
                json!(s(obj, "/status/nodeInfo/kubeletVersion")),
            ]
        }
        "namespaces" => vec![json!(name), json!(s(obj, "/status/phase")), json!(age)],
        "events" => {
            let last = parse_time(s(obj, "/lastTimestamp"))
                .or_else(|| parse_time(s(obj, "/eventTime")))
                .map_or_else(|| age.clone(), |t| human_duration(now - t));
            vec![
                json!(last),
                json!(s(obj, "/type")),
                json!(s(obj, "/reason")),
                json!(format!(
                    "{}/{}",
                    s(obj, "/involvedObject/kind").to_ascii_lowercase(),
                    s(obj, "/involvedObject/name")
                )),
                json!(s(obj, "/message")),
            ]
        }
        "configmaps" => {
            let n = ["data", "binaryData"]
                .iter()
                .filter_map(|k| obj.get(*k).and_then(Value::as_object))
                .map(serde_json::Map::len)
                .sum::<usize>();
            vec![json!(name), json!(n), json!(age)]
        }
        "secrets" => {
            let n = obj
                .get("data")
                .and_then(Value::as_object)
                .map_or(0, serde_json::Map::len);
            vec![json!(name), json!(s(obj, "/type")), json!(n), json!(age)]
        }
        "persistentvolumeclaims" => {
            let modes = obj
                .pointer("/status/accessModes")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|m| match m.as_str().unwrap_or_default() {
                            "ReadWriteOnce" => "RWO",
                            "ReadOnlyMany" => "ROX",
                            "ReadWriteMany" => "RWX",
                            "ReadWriteOncePod" => "RWOP",
                            other => other,
                        })
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .unwrap_or_default();
            vec![
                json!(name),
                json!(s(obj, "/status/phase")),
                json!(s(obj, "/spec/volumeName")),
                json!(s(obj, "/status/capacity/storage")),
                json!(modes),
                json!(s(obj, "/spec/storageClassName")),
                json!(age),
            ]
        }
        "rolebindings.rbac.authorization.k8s.io"
        | "clusterrolebindings.rbac.authorization.k8s.io" => vec![
            json!(name),
            json!(format!(
                "{}/{}",
                s(obj, "/roleRef/kind"),
                s(obj, "/roleRef/name")
            )),
            json!(age),
        ],
        "roles.rbac.authorization.k8s.io" | "clusterroles.rbac.authorization.k8s.io" => {
            vec![json!(name), json!(s(obj, "/metadata/creationTimestamp"))]
        }
        "serviceaccounts" => {
            let n = obj
                .get("secrets")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            vec![json!(name), json!(n.to_string()), json!(age)]
        }
        "resourcequotas" => {
            let hard = obj
                .pointer("/status/hard")
                .or_else(|| obj.pointer("/spec/hard"));
            let used = obj.pointer("/status/used");
            let (mut request, mut limit) = (Vec::new(), Vec::new());
            for (k, v) in hard.and_then(Value::as_object).into_iter().flatten() {
                let u = used
                    .and_then(|u| u.get(k))
                    .and_then(Value::as_str)
                    .unwrap_or("0");
                let entry = format!("{k}: {u}/{}", v.as_str().unwrap_or_default());
                if k.starts_with("limits.") {
                    limit.push(entry);
                } else {
                    request.push(entry);
                }
            }
            vec![
                json!(name),
                json!(age),
                json!(request.join(", ")),
                json!(limit.join(", ")),
            ]
        }
        _ => vec![json!(name), json!(age)],
    }
}
