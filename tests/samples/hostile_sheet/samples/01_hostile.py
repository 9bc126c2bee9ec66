"""
<script>alert(1)</script> & "q" 'q' ]]>
=======================================

<script>alert(1)</script> & "q" 'q' ]]>

.. raw:: html

   <script>alert(1)</script>
"""
s = "<b>x</b> & </script> ]]>"
print(s)  # -> <b>x</b> & </script> ]]>
