def send_due_newsletters():
    """The worker's clock job: create upcoming issues, send those that are due, resume interrupted ones."""
    from masthead.newsletters.sending import send_due

    send_due()
