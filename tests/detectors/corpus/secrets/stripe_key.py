# family: secrets
# label: bad
# source: own
import stripe

stripe.api_key = "sk_live_51Hx7Kq2LmN9pR4sT6vW8yZ1aB3cD5eF7gH9jK2mN4pQ6"  # expect
