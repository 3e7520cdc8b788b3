"""The Messages sheet's default templates, and Amazon's window for a review request.

A new tracker, and one upgraded from a layout without the Messages sheet, starts with
:data:`DEFAULT_MESSAGES`; from then on the rows are the seller's, kept as typed. The texts
follow Amazon's Communication Guidelines for Buyer-Seller Messaging: a message answers the
buyer or is needed to complete the order (a delay), never a shipping confirmation Amazon
sends itself; a review request is neutral, offers nothing in return and asks for a review,
not a positive one.
"""

from __future__ import annotations

#: Amazon allows a review request (the Request a Review button, or one message) from this many days
#: after delivery ...
REVIEW_WINDOW_OPENS = 5
#: ... to this many days after it, both days included.
REVIEW_WINDOW_CLOSES = 30

#: The rows of a new Messages sheet, by column.
DEFAULT_MESSAGES: tuple[dict[str, str], ...] = (
    {
        "Template": "Tracking",
        "Subject": "Your order {Order ID}: tracking number",
        "Text": (
            "Hello,\n\n"
            "Thank you for your message. Your order {Order ID} ({Product Name}) has shipped with {Carrier}, "
            "tracking number {Tracking Number}, and should arrive by {Deliver By}.\n\n"
            "If it has not arrived by then, please reply to this message and we will look into it right away.\n\n"
            "Kind regards"
        ),
        "Notes": (
            "A reply to a buyer who asks where an order you shipped is. Do not send it unasked: Amazon tells the "
            "buyer that the order shipped, and its Communication Guidelines do not allow sellers' shipping "
            "confirmations."
        ),
    },
    {
        "Template": "Delay",
        "Subject": "Your order {Order ID} is delayed",
        "Text": (
            "Hello,\n\n"
            "We are sorry that your order {Order ID} ({Product Name}) is delayed: it may reach you after "
            "{Deliver By}, the date promised. We are doing what we can to get it to you soon.\n\n"
            "If you have any question about the delay, please reply to this message.\n\n"
            "Kind regards"
        ),
        "Notes": (
            "When an order you ship will arrive later than promised: Amazon expects you to tell the buyer. Add the "
            "new date if you know it."
        ),
    },
    {
        "Template": "Review request",
        "Subject": "Your order {Order ID}",
        "Text": (
            "Hello,\n\n"
            "Your order {Order ID} ({Product Name}) was delivered recently. If you have a moment, we would "
            "appreciate it if you reviewed the product on Amazon: every honest review helps other customers "
            "choose.\n\n"
            "Kind regards"
        ),
        "Notes": (
            "Send it once per order, from 5 to 30 days after delivery, and not when you used the Request a Review "
            "button for the order: Amazon allows one request per order. Keep it neutral: no reward, no asking for "
            "a positive review, no asking only happy buyers. Then type the day in Review Requested (Order Tracking)."
        ),
    },
)
