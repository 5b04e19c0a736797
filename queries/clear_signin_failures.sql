delete from signin_failures where user_name = $user_name
