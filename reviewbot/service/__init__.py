"""Pull requests as a service: one review job (fetch, review, post), the queue that runs
jobs (threads or Redis/RQ), and the webhook server in front of it."""
